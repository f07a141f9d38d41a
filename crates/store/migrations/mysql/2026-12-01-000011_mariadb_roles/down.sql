DROP FUNCTION epicevents_password_hash;
DROP FUNCTION epicevents_revoke_session;
DROP FUNCTION epicevents_session_id;
DROP TABLE access_roles;
