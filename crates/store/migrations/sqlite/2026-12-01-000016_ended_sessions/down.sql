DROP TRIGGER sessions_end;
DROP TABLE ended_sessions;
