-- One row of the access log; rows are only ever appended.
insert into access_log (logged_at, username, role, action, object, detail)
values ($at, $username, $role, $action, $object, $detail)
