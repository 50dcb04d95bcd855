ALTER TABLE "send_batches" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "send_tasks" ADD COLUMN "report_error_code" text;--> statement-breakpoint
-- Rows written before the codes kept an English sentence: it becomes the code it stood for, with WeChat's errmsg (the
-- part in brackets, or after the colon) as the detail. Any other text stays as the detail, with no code.
UPDATE "send_batches" SET "error_code" = substring("error" from '^errcode (-?[0-9]+): '), "error" = nullif(substring("error" from '^errcode -?[0-9]+: (.*)$'), '')
  WHERE "error" ~ '^errcode -?[0-9]+: ';--> statement-breakpoint
UPDATE "send_batches" SET "error_code" = 'workerStopped', "error" = NULL WHERE "error" = 'the worker stopped while this batch was being sent';--> statement-breakpoint
UPDATE "send_batches" SET "error_code" = 'unexpected', "error" = substring("error" from '^unexpected failure: (.*)$') WHERE "error" ~ '^unexpected failure: ';--> statement-breakpoint
UPDATE "send_batches" SET "error_code" = substring("error" from '^[A-Za-z_.]+ failed with (-?[0-9]+)'), "error" = substring("error" from '^[A-Za-z_.]+ failed with -?[0-9]+ \((.*)\): ')
  WHERE "error" ~ '^[A-Za-z_.]+ failed with -?[0-9]+';--> statement-breakpoint
UPDATE "send_tasks" SET "report_error_code" = substring("report_error" from '^[A-Za-z_.]+ failed with (-?[0-9]+)'), "report_error" = substring("report_error" from '^[A-Za-z_.]+ failed with -?[0-9]+ \((.*)\): ')
  WHERE "report_error" ~ '^[A-Za-z_.]+ failed with -?[0-9]+';
