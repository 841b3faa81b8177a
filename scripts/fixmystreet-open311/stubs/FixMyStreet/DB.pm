package FixMyStreet::DB; use FixMyStreet::DB::Result::Problem; 1;
