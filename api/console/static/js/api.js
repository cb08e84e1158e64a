// Calls to Tasklog's own HTTP API, with the user's token; problems become ApiError.

export class ApiError extends Error {
  constructor(status, detail, headers) {
    super(detail);
    this.status = status;
    this.headers = headers;
  }
}

export function client(token, onUnauthorized) {
  async function request(method, path, { query, accept } = {}) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(query || {})) {
      if (value === null || value === undefined || value === '') continue;
      for (const item of [value].flat()) url.searchParams.append(key, String(item));
    }
    const headers = { Authorization: `Bearer ${token}` };
    if (accept) headers.Accept = accept;
    let response;
    try {
      response = await fetch(url, { method, headers, cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'The Tasklog API does not answer (is the server running?)', new Headers());
    }
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || detail;
      } catch {
        // not problem+json: keep the status text
      }
      if (response.status === 401) onUnauthorized();
      throw new ApiError(response.status, detail, response.headers);
    }
    return response;
  }

  return {
    request,
    async json(method, path, options) {
      const response = await request(method, path, options);
      return { body: await response.json(), headers: response.headers, status: response.status };
    },
  };
}

// A sentence for the page: what went wrong and what the user can do about it.
export function explain(error, role) {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 403) {
    return `Your token lacks the ${role} role (403): ${role === 'operator'
      ? 'projection status, rebuilds and dead letters are for operators.'
      : 'the event log and verification runs are for auditors.'}`;
  }
  if (error.status === 401) return 'The token was refused (401): it may have expired. Sign in again.';
  if (error.status === 0) return error.message;
  return `${error.message} (${error.status})`;
}
