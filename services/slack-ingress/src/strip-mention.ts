/**
 * Removes the bot's own `<@U…>` mentions (with an optional `|label`) from a message's text, so
 * the agent reads what the person asked, not how they addressed it. Other people's mentions stay.
 */
export function stripMention(text: string, botUserId: string): string {
  const mention = new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`, 'g');
  return text
    .replace(mention, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** True when the text mentions the bot. */
export function mentionsBot(text: string, botUserId: string): boolean {
  return text.includes(`<@${botUserId}>`) || text.includes(`<@${botUserId}|`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
