DROP FUNCTION epicevents_session_actor(TEXT);
DROP INDEX events_unassigned;
