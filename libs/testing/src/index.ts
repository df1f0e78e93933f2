export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './postgres.ts';
export { DEFAULT_SERVICE_URLS, type ServiceUrls, serviceUrls } from './service-urls.ts';
export { uniqueName } from './unique-name.ts';
