package FixMyStreet::DB::Result::Problem;
sub fixed_states { return { 'fixed' => 1, 'fixed - council' => 1, 'fixed - user' => 1 } }
sub open_states { return { 'confirmed' => 1, 'investigating' => 1, 'in progress' => 1, 'action scheduled' => 1 } }
1;
