DROP INDEX "send_batches_claimable";--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "prepared" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "first_phone" text;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "end_phone" text;--> statement-breakpoint
ALTER TABLE "send_tasks" ADD COLUMN "source" jsonb;--> statement-breakpoint
CREATE INDEX "send_batches_unprepared" ON "send_batches" USING btree ("id") WHERE not prepared;--> statement-breakpoint
CREATE INDEX "send_batches_claimable" ON "send_batches" USING btree ("next_attempt_at","id") WHERE state = 'pending' and prepared;