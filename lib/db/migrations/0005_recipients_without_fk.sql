ALTER TABLE "send_recipients" DROP CONSTRAINT "send_recipients_task_id_send_tasks_id_fk";
