-- H2 orders strings as Java does: its primary key already serves range reads.
SELECT 1;
