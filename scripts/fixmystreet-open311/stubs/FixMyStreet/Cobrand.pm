package FixMyStreet::Cobrand; 1;
