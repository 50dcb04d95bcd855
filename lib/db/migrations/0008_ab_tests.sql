CREATE TABLE "ab_test_members" (
	"test_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"variant" smallint,
	CONSTRAINT "ab_test_members_test_id_phone_pk" PRIMARY KEY("test_id","phone")
);
--> statement-breakpoint
CREATE TABLE "ab_test_variants" (
	"test_id" uuid NOT NULL,
	"idx" smallint NOT NULL,
	"channel_id" text NOT NULL,
	"task_id" uuid NOT NULL,
	"content" text,
	"template_params" jsonb,
	"size" integer NOT NULL,
	CONSTRAINT "ab_test_variants_test_id_idx_pk" PRIMARY KEY("test_id","idx")
);
--> statement-breakpoint
CREATE TABLE "ab_tests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"activity_id" text NOT NULL,
	"audience_id" uuid NOT NULL,
	"sms_type" text NOT NULL,
	"template_id" text,
	"test_share" integer NOT NULL,
	"criterion" text NOT NULL,
	"wait_hours" integer NOT NULL,
	"pick_mode" text NOT NULL,
	"seed" text NOT NULL,
	"status" text DEFAULT 'testing' NOT NULL,
	"manual_reason" text,
	"pick_due_at" timestamp with time zone,
	"last_pick_error" text,
	"picked_variant" smallint,
	"picked_at" timestamp with time zone,
	"picked_by" uuid,
	"pick_reason" jsonb,
	"winner_task_id" uuid,
	"eligible_count" integer DEFAULT 0 NOT NULL,
	"remainder_count" integer DEFAULT 0 NOT NULL,
	"suppressed_at_creation" integer DEFAULT 0 NOT NULL,
	"send_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ab_test_variants" ADD CONSTRAINT "ab_test_variants_test_id_ab_tests_id_fk" FOREIGN KEY ("test_id") REFERENCES "public"."ab_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ab_tests" ADD CONSTRAINT "ab_tests_picked_by_users_id_fk" FOREIGN KEY ("picked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ab_tests" ADD CONSTRAINT "ab_tests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ab_test_members_variant" ON "ab_test_members" USING btree ("test_id","variant");--> statement-breakpoint
CREATE INDEX "ab_test_variants_channel" ON "ab_test_variants" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "ab_tests_created_at" ON "ab_tests" USING btree ("created_at");