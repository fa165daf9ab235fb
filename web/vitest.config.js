import { defineConfig } from 'vitest/config';

// The apps run in a browser: happy-dom gives the modules a document, localStorage and navigator to start with.
export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['src/test/js/**/*.test.js'],
    environmentOptions: { happyDOM: { url: 'http://localhost:8080/widget/index.html' } },
  },
});
