DROP FUNCTION epicevents_apply_notification_privileges(TEXT);
DROP TABLE outbox;
DROP TABLE notifications;
