// React and Remix pick their production code paths from NODE_ENV when first imported.
process.env.NODE_ENV ??= 'production'
const { main } = await import('./index')
await main()
export {}
