// Every npm script runs on the Node.js that the exact devDependency `node` installs (its preinstall puts
// the binary in node_modules/.bin, first on npm scripts' PATH). When that install script was skipped,
// the machine's older Node would run instead, quietly: stop here and say how to fix it.
// Plain JavaScript, so that any Node can run it.
const REQUIRED_MAJOR = 24;

export function nodeVersionProblem(version = process.versions.node) {
  const major = Number(version.split('.')[0]);
  if (major >= REQUIRED_MAJOR) return undefined;
  return (
    `ISMF runs on Node.js ${REQUIRED_MAJOR}; this is Node.js ${version}.\n` +
    `The devDependency "node" installs it: run \`npm ci\` (npm 11 runs its install script because package.json's ` +
    `allowScripts approves it), then use the npm scripts (npm start, npm test, npm run bench), which put ` +
    `node_modules/.bin first on the PATH.`
  );
}

/** Exits the process with the message when the running Node.js is too old. */
export function requireNode() {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) requireNode();
