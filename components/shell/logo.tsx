/** The wild goose carrying a letter (鸿雁传书). */
export function Logo({ className = "h-7 w-7" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path d="M6 19c4-1 7-4 9-8 1 3 3 5 6 5l5-3-2 5c-2 3-6 5-11 5-3 0-5-1-7-4z" fill="white" />
      <rect x="17.5" y="18" width="7" height="5" rx="1" fill="white" opacity="0.85" />
      <path d="M17.5 18.5l3.5 2.5 3.5-2.5" stroke="currentColor" strokeWidth="0.8" fill="none" className="text-primary" />
    </svg>
  );
}
