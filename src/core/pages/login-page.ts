import { escapeHtml, layout } from './layout';

/**
 * `/login`: pages are read with an API token like the API, kept in an HttpOnly, SameSite=Strict cookie once pasted
 * here (so other sites cannot make the browser send it with a form post). `next` is where to go afterwards.
 */
export function loginPage(next: string, message?: string): string {
  return layout(
    'Sign in',
    `<h1>Sign in</h1>
${message === undefined ? '' : `<p role="alert" class="badge bad">${escapeHtml(message)}</p>`}
<p>Paste an API token (<code>forewarn token create NAME --scopes read</code>; acknowledging and silencing need
<code>admin</code>). It is kept in a cookie for this browser only.</p>
<form method="post" action="/login" class="filters">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label>API token<input name="token" type="password" autocomplete="off" required size="40"></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

/** A page that says what went wrong (400, 403, 404). */
export function errorPage(
  title: string,
  message: string,
  problems: ReadonlyArray<{ where: string; message: string }> = [],
): string {
  const list =
    problems.length === 0
      ? ''
      : `<ul>${problems.map((problem) => `<li><code>${escapeHtml(problem.where)}</code>: ${escapeHtml(problem.message)}</li>`).join('')}</ul>`;
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${list}`);
}

/** Only same-site paths are followed after signing in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}
