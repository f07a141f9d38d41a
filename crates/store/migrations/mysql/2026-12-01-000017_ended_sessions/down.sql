DROP FUNCTION epicevents_ended_session;
DROP TRIGGER sessions_end;
DROP TABLE ended_sessions;
