// The public KidSafe API (/api/v1), exactly as the mobile apps use it, with the parent's access token.

const MAX_RATE_LIMIT_RETRIES = 5;

function retryAfterMillis(answer) {
  const seconds = Number(answer.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) * 1000 : 1000;
}

function pause(millis) {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `The request failed (${status}).`);
    this.status = status;
    this.problem = problem || {};
  }
}

export class Api {
  constructor(signIn, base = '/api/v1') {
    this.signIn = signIn;
    this.base = base;
  }

  async request(method, path, { json, body, contentType, anonymous } = {}) {
    const headers = { Accept: 'application/json' };
    let payload = body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(json);
    } else if (contentType) {
      headers['Content-Type'] = contentType;
    }
    const answer = await this.send(method, path, headers, payload, anonymous);
    const type = answer.headers.get('Content-Type') || '';
    const parsed = type.includes('json') ? await answer.json() : null;
    if (!answer.ok) throw new ApiError(answer.status, parsed);
    return parsed;
  }

  // A download as it arrives (the export ZIP, issue 19 item 7): the answer itself, its body not read yet.
  async download(path, accept) {
    const answer = await this.send('GET', path, { Accept: accept });
    if (!answer.ok) {
      const type = answer.headers.get('Content-Type') || '';
      throw new ApiError(answer.status, type.includes('json') ? await answer.json() : null);
    }
    return answer;
  }

  async send(method, path, headers, payload, anonymous) {
    const withToken = anonymous ? headers : { ...headers, Authorization: `Bearer ${await this.signIn.accessToken()}` };
    let answer = await fetch(this.base + path, { method, headers: withToken, body: payload, credentials: 'omit' });
    // 429 means the gateway did not pass the request on: waiting as it asks and sending it again is safe.
    for (let retries = 0; answer.status === 429 && retries < MAX_RATE_LIMIT_RETRIES; retries++) {
      await pause(retryAfterMillis(answer));
      answer = await fetch(this.base + path, { method, headers: withToken, body: payload, credentials: 'omit' });
    }
    return answer;
  }

  get(path, options) { return this.request('GET', path, options); }

  // Every item of a paged list (issue 20 item 4): pages of the maximum size, following `next` until it is null.
  async all(path) {
    const items = [];
    let next = null;
    do {
      const after = next ? `&after=${encodeURIComponent(next)}` : '';
      const page = await this.get(`${path}${path.includes('?') ? '&' : '?'}limit=200${after}`);
      items.push(...page.items);
      next = page.next;
    } while (next);
    return items;
  }

  post(path, json) { return this.request('POST', path, { json: json || {} }); }
  delete(path) { return this.request('DELETE', path); }
  upload(path, file) { return this.request('POST', path, { body: file, contentType: file.type || 'application/octet-stream' }); }
}
