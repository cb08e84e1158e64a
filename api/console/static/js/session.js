// The user's token: taken from the URL fragment (#token=...) or pasted, kept in this tab only.

const KEY = 'tasklog.console.token';

// A fragment never reaches a server; it is read here and removed from the address bar
// (and from history) at once, so the token is not left in bookmarks or screenshots.
export function takeTokenFromFragment() {
  const match = window.location.hash.match(/(?:^#|&)token=([^&]+)/);
  if (!match) return null;
  const token = decodeURIComponent(match[1]).trim();
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/projections`);
  return token || null;
}

export function storedToken() {
  return window.sessionStorage.getItem(KEY);
}

export function keepToken(token) {
  window.sessionStorage.setItem(KEY, token);
}

export function forgetToken() {
  window.sessionStorage.removeItem(KEY);
}

// What the token says about its holder, for display only (the API verifies it).
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function rolesOf(tokenClaims) {
  const roles = tokenClaims?.roles;
  if (Array.isArray(roles)) return roles.map(String);
  if (typeof roles === 'string') return roles.split(/[\s,]+/).filter(Boolean);
  return [];
}
