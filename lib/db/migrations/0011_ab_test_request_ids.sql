ALTER TABLE "ab_tests" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "ab_tests" ADD CONSTRAINT "ab_tests_request_id_unique" UNIQUE("request_id");