/** The page the hub serves in place of the UI when packages/web was not built. */
export function notBuiltPage(webDir: string): string {
  const dir = webDir.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Outpost: the web UI is not built</title></head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937">
<h1 style="font-size: 1.5rem">The Outpost web UI is not built</h1>
<p>The hub is running and its APIs answer, but it found no built web UI in <code>${dir}</code>.</p>
<p>Build it from the repository root, then restart the hub:</p>
<pre style="background: #f3f4f6; padding: 0.75rem 1rem; border-radius: 6px">npm run build</pre>
<p>The agent API (<code>/api/v1/self_hosted_agents</code>) and the public API (<code>/api/v1alpha</code>) work without it.</p>
</body>
</html>
`;
}
