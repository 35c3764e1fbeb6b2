export async function editorChecks() {}
