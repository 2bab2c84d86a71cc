// Imported first by the bench: the Powertools logger reads its level when its module loads, and the
// bench runs the handlers as the local runtime does.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.ISMF_RUNTIME ??= 'local';
