import 'dotenv/config';
import { loadConfig } from '../config/config.js';
import { applyMigrations } from './migrate.js';

const config = loadConfig();
const applied = await applyMigrations(config.databaseUrl);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
