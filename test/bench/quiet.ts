// Imported first by the bench: the Powertools logger reads its level when its module loads.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
