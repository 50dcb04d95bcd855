CREATE TABLE "test_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"activity_id" text NOT NULL,
	"sms_type" text NOT NULL,
	"phones" text[] NOT NULL,
	"preview_text" text NOT NULL,
	"overrode_allowed_hours" boolean DEFAULT false NOT NULL,
	"results" jsonb,
	"error" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "send_tasks" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "test_sends" ADD CONSTRAINT "test_sends_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "test_sends_user_at" ON "test_sends" USING btree ("user_id","at");--> statement-breakpoint
ALTER TABLE "send_tasks" ADD CONSTRAINT "send_tasks_request_id_unique" UNIQUE("request_id");