import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// Each test renders into a fresh document.
afterEach(() => cleanup());

// findBy*/waitFor wait for a real condition; the library's 1 s budget is too short for a whole
// console render on a loaded 2-core runner (the sign-in test timed out there at 1 s).
configure({ asyncUtilTimeout: 5_000 });
