package FixMyStreet::ImageMagick; 1;
