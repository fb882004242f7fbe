-- One letter sent: to whom, under which number, why, copied to whom, by whom.
insert into letters_log (sent_at, uscc, number, reason, copy_to, username)
values ($sent_at, $uscc, $number, $reason, $copy_to, $username)
returning id
