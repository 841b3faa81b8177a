package Utils; sub truncate_coordinate { return sprintf('%.6f', $_[0]) } 1;
