DROP INDEX "send_batches_unprepared";--> statement-breakpoint
DROP INDEX "send_batches_claimable";--> statement-breakpoint
CREATE INDEX "send_batches_cancelled_unprepared" ON "send_batches" USING btree ("id") WHERE state = 'cancelled' and not prepared;--> statement-breakpoint
CREATE INDEX "send_batches_claimable" ON "send_batches" USING btree ("next_attempt_at","id") WHERE state = 'pending';