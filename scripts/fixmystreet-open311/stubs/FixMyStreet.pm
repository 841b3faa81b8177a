package FixMyStreet; sub config { my ($c,$k)=@_; return undef } 1;
