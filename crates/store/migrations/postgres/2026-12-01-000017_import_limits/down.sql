DROP FUNCTION epicevents_apply_import_limits(TEXT);
