package FixMyStreet::App::Model::PhotoSet; 1;
