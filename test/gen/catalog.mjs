// Static data for the traffic generator: user agents, client address ranges, routes.
// Strings here are copied from what real agents send (2024–2025 versions), so parsers and
// UA classifiers meet realistic input.

/** Desktop and mobile browsers: [family, user-agent, weight]. */
export const BROWSER_UAS = /** @type {const} */ ([
  ['Chrome', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 22],
  ['Chrome', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36', 8],
  ['Chrome', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 9],
  ['Chrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36', 2],
  ['Chrome', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 14],
  ['Firefox', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 5],
  ['Firefox', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0', 2],
  ['Firefox', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 1],
  ['Safari', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 6],
  ['Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1.1 Mobile/15E148 Safari/604.1', 14],
  ['Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1', 5],
  ['Safari', 'Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1', 2],
  ['Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 7],
  ['Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0', 2],
]);

/** The company's own mobile app: version → share among app installs (5.3.0 is the release used by injections). */
export const APP_VERSIONS = /** @type {const} */ ([['5.0.3', 8], ['5.1.0', 22], ['5.2.1', 70]]);
export const IOS_VERSIONS = ['16.7.10', '17.4', '17.6.1', '18.1', '18.1.1'];
export const ANDROID_VERSIONS = ['12', '13', '14', '15'];

/** @param {string} version @param {boolean} ios @param {string} os */
export function appUserAgent(version, ios, os) {
  return ios ? `AcmeApp/${version} (iOS ${os})` : `AcmeApp/${version} (Android ${os})`;
}

/** SDKs and HTTP libraries used by API integrators: [family, user-agent, weight]. */
export const SDK_UAS = /** @type {const} */ ([
  ['acme-python-sdk', 'acme-python-sdk/2.3.0 (python 3.11.6)', 20],
  ['acme-python-sdk', 'acme-python-sdk/2.2.1 (python 3.10.12)', 8],
  ['acme-node-sdk', 'acme-node-sdk/1.8.2 node/20.11.1', 12],
  ['okhttp', 'okhttp/4.12.0', 14],
  ['okhttp', 'okhttp/4.9.3', 4],
  ['go-http-client', 'Go-http-client/2.0', 6],
  ['python-requests', 'python-requests/2.31.0', 6],
  ['axios', 'axios/1.7.7', 5],
  ['curl', 'curl/8.5.0', 2],
]);

/** Known search crawlers with real UA strings and addresses from their published ranges. */
export const CRAWLERS = /** @type {const} */ ([
  { name: 'Googlebot', weight: 45, prefixes: ['66.249.66.', '66.249.68.', '66.249.79.', '66.249.70.'],
    ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
  { name: 'Googlebot', weight: 30, prefixes: ['66.249.66.', '66.249.72.'],
    ua: 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
  { name: 'bingbot', weight: 18, prefixes: ['157.55.39.', '40.77.167.', '207.46.13.'],
    ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)' },
  { name: 'YandexBot', weight: 4, prefixes: ['5.255.231.', '213.180.203.'],
    ua: 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)' },
  { name: 'DuckDuckBot', weight: 3, prefixes: ['20.191.45.', '40.88.21.'],
    ua: 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)' },
]);

/** Vulnerability scanners and probes; null = no User-Agent header (logged as "-"). */
export const SCANNER_UAS = /** @type {const} */ ([
  'Mozilla/5.0 zgrab/0.x',
  'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
  'sqlmap/1.8.11#stable (https://sqlmap.org)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36',
  'python-requests/2.28.1',
  'Go-http-client/1.1',
  'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)',
  null,
]);

/**
 * Paths scanners probe: [path, status, method]. A few carry characters nginx escapes in
 * combined logs (a double quote, a backslash, a non-ASCII byte) so writers and parsers
 * meet them.
 */
export const SCANNER_PATHS = /** @type {const} */ ([
  ['/.env', 404, 'GET'], ['/.git/config', 403, 'GET'], ['/wp-login.php', 404, 'GET'],
  ['/wp-admin/setup-config.php', 404, 'GET'], ['/xmlrpc.php', 404, 'POST'],
  ['/phpmyadmin/index.php', 404, 'GET'], ['/admin/config.php', 404, 'GET'],
  ['/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', 404, 'POST'],
  ['/actuator/env', 404, 'GET'], ['/actuator/health', 404, 'GET'], ['/boaform/admin/formLogin', 404, 'POST'],
  ['/HNAP1/', 404, 'GET'], ['/cgi-bin/luci/;stok=/locale', 404, 'GET'], ['/solr/admin/info/system?wt=json', 404, 'GET'],
  ['/owa/auth/logon.aspx', 404, 'GET'], ['/server-status', 404, 'GET'], ['/.aws/credentials', 404, 'GET'],
  ['/config.json', 404, 'GET'], ['/api/.env', 404, 'GET'], ['/backup.zip', 404, 'GET'], ['/.DS_Store', 404, 'GET'],
  ['/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array', 404, 'GET'],
  ['/search?q="><script>alert(1)</script>', 404, 'GET'],
  ['/?id=1%27%20OR%20%271%27=%271', 200, 'GET'],
  ['/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 400, 'GET'],
  ['/café/../../etc/passwd', 400, 'GET'],
  ['/', 200, 'HEAD'],
]);

/** Public-looking first octets for client addresses (no private, loopback or multicast ranges). */
export const PUBLIC_FIRST_OCTETS = [
  23, 24, 31, 37, 46, 47, 50, 62, 67, 68, 69, 71, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88,
  89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 104, 107, 108, 109, 135, 136, 141, 151, 176, 178, 179, 185, 188, 193, 194,
  195, 199, 201, 203, 206, 209, 212, 213, 217,
];

/** Product slugs for website pages. */
export const PRODUCT_WORDS = [
  'trail', 'runner', 'classic', 'leather', 'canvas', 'wool', 'merino', 'rain', 'city', 'alpine', 'desk', 'lamp',
  'oak', 'walnut', 'steel', 'travel', 'mug', 'kettle', 'chair', 'backpack', 'jacket', 'boot', 'sneaker', 'scarf',
  'blue', 'black', 'green', 'grey', 'red', 'mini', 'pro', 'lite', 'max', 'kids', 'women', 'men', 'set', 'pack',
];

export const HELP_SLUGS = ['shipping', 'returns', 'payment', 'sizing', 'warranty', 'contact', 'privacy', 'terms', 'cookies', 'faq'];
export const SEARCH_TERMS = ['red+shoes', 'rain+jacket', 'gift', 'oak+desk', 'wool+scarf', 'kettle', 'backpack+30l', 'sale', 'boots+size+44', 'lamp'];
export const CATEGORIES = ['shoes', 'outerwear', 'home', 'kitchen', 'bags', 'accessories', 'kids', 'sale'];

/** Nouns for the optional extra API routes (benchmarks want thousands of route templates). */
export const EXTRA_NOUNS = [
  'accounts', 'addresses', 'alerts', 'apps', 'assets', 'audits', 'batches', 'bills', 'boards', 'bookings', 'branches',
  'budgets', 'campaigns', 'cards', 'carts', 'cases', 'catalogs', 'channels', 'charges', 'checks', 'claims', 'clusters',
  'comments', 'contacts', 'contracts', 'coupons', 'credits', 'customers', 'datasets', 'deals', 'devices', 'disputes',
  'documents', 'domains', 'drafts', 'events', 'exports', 'files', 'fleets', 'folders', 'forms', 'groups', 'imports',
  'incidents', 'invoices', 'issues', 'items', 'jobs', 'keys', 'labels', 'leads', 'ledgers', 'licenses', 'links',
  'lists', 'locations', 'logs', 'meetings', 'members', 'messages', 'metrics', 'models', 'notes', 'offers', 'pages',
  'parcels', 'partners', 'payments', 'payouts', 'plans', 'policies', 'posts', 'prices', 'projects', 'quotes', 'refunds',
  'regions', 'releases', 'reports', 'requests', 'reviews', 'roles', 'rules', 'sessions', 'shipments', 'sites', 'skus',
  'slots', 'stores', 'streams', 'subscriptions', 'suppliers', 'tags', 'tasks', 'teams', 'tenants', 'tickets', 'tokens',
  'topics', 'transfers', 'trips', 'units', 'uploads', 'vendors', 'versions', 'videos', 'visits', 'wallets', 'webhooks',
  'widgets', 'workflows', 'zones',
];
