DROP FUNCTION epicevents_apply_session_end_privileges(TEXT);
DROP FUNCTION epicevents_ended_session(TEXT);
DROP TRIGGER sessions_end ON sessions;
DROP FUNCTION epicevents_session_ends();
DROP TABLE ended_sessions;
