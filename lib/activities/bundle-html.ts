/** The static bundle's index.html, with its settings (`window.HONGYAN`) written in. */
export function landingHtml(settings: Record<string, string>): string {
  // The settings go into a <script>: no "<" may end it early.
  const json = JSON.stringify(settings).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="robots" content="noindex">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>活动</title>
<link rel="stylesheet" href="landing.css">
</head>
<body>
<main id="app" aria-live="polite"></main>
<script>window.HONGYAN = ${json};</script>
<script src="landing.js"></script>
</body>
</html>
`;
}
