// How a person hears of notifications. The kinds themselves are declared by the areas that send them
// (the registry knows them all); this is only their shape.
export const NOTIFICATION_KIND_PATTERN = /^[a-z][a-z-]{2,40}$/;
export const DELIVERY_MODES = ['immediate', 'daily-digest'] as const;
