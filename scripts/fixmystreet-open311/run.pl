#!/usr/bin/perl
# Drives FixMyStreet's own Open311 client module against a Digikommun server.
use strict; use warnings; use FindBin; use lib "$FindBin::Bin/stubs", $ENV{FMS_PERLLIB} // ();
use Open311; use DateTime;
package Obj; our $AUTOLOAD;
sub new { my ($c,%a)=@_; bless {%a}, $c }
sub AUTOLOAD { my $s=shift; (my $n=$AUTOLOAD)=~s/.*:://; return if $n eq 'DESTROY'; return $s->{$n} }
package Cobrand; sub new { bless {}, shift } sub call_hook { return } sub base_url { 'https://fms.example' }
package main;
my ($endpoint, $key) = @ARGV;
my $o = Open311->new(endpoint => $endpoint, api_key => $key, extended_description => 0,
    extended_statuses => 1);
my $fail = 0;
sub check { my ($ok, $what) = @_; print(($ok ? "ok" : "FAILED"), " - $what\n"); $fail++ unless $ok; }
my $services = $o->get_service_list;
check($services && @{$services->{service}} >= 4, "get_service_list: ".scalar(@{$services->{service}||[]})." services");
for my $s (@{$services->{service}}) {
  my $meta = $o->get_service_meta_info($s->{service_code});
  check($meta && $meta->{service_code} eq $s->{service_code}, "get_service_meta_info $s->{service_code}: ".scalar(@{$meta->{attributes}||[]})." attributes");
}
my $user = Obj->new(email => 'boende@example.org', phone => undef);
my $problem = Obj->new(detail => "Lampan vid porten \x01 blinkar", name => 'Kim Svensson', user => $user,
  latitude => 59.3326, longitude => 18.0649, used_map => 1, postcode => '', service => '',
  phone_waste => undef, uprn => undef, id => 1, cobrand => 'fixmystreet', bodies => {},
  get_extra_fields => [ { name => 'light_state', value => 'out' } ]);
my $id = $o->send_service_request($problem, {}, 'streetlight');
check($id && !ref $id, "send_service_request: ".($id // 'none').($id ? '' : " ".$o->error));
my $requests = $o->get_service_requests({ report_ids => [ $id ] });
check($requests && $requests->[0]{service_request_id} eq $id, "get_service_requests by id");
my $all = $o->get_service_requests({});
check($all && @$all >= 1, "get_service_requests: ".scalar(@{$all||[]})." requests");
my $now = DateTime->now(time_zone => 'UTC');
my $updates = $o->get_service_request_updates($now->clone->subtract(days => 1)->iso8601.'Z', $now->clone->add(minutes=>5)->iso8601.'Z');
check(defined $updates, "get_service_request_updates: ".scalar(@{$updates||[]})." updates, statuses ".join(',', map { $_->{status} } @{$updates||[]}));
my $comment = Obj->new(name => 'Kim Svensson', user => $user, problem_state => 'confirmed', text => 'Fortfarande trasig',
  confirmed => DateTime->now, problem => Obj->new(external_id => $id, state => 'confirmed', cobrand_data => ''),
  id => 7, photo => undef, extra => undef, mark_open => 0, get_extra_metadata => {}, get_cobrand_logged => Cobrand->new);
{ no warnings 'redefine'; *Open311::fixmystreet_body = sub { Obj->new(get_cobrand_handler => Cobrand->new) }; }
my $update_id = $o->post_service_request_update($comment);
check($update_id, "post_service_request_update: ".($update_id || $o->error));
print "$fail failed\n"; exit($fail ? 1 : 0);
