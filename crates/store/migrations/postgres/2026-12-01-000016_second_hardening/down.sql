DROP FUNCTION epicevents_password_check(TEXT, TEXT, TIMESTAMP, TIMESTAMP, INTEGER);
DROP FUNCTION epicevents_apply_hardening_privileges(TEXT);
DROP FUNCTION epicevents_is_in(INTEGER, TEXT);
