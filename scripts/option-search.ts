/**
 * How many of the node's options a user finds by typing their French label (n8n's dropdown
 * filters on the option's name): every list of both versions, the resource mapper's included.
 *   npx tsx scripts/option-search.ts
 */
import { findableByFrench, optionLists } from '../test/helpers/optionLists';

const lists = optionLists();
const options = lists.flatMap((list) => list.options.map((option) => ({ list, option })));
const found = options.filter(({ list, option }) => findableByFrench(list, option));
console.log(`${found.length} of ${options.length} options found by their French label, in ${lists.length} lists`);
for (const list of lists) {
	const inList = list.options.filter((option) => findableByFrench(list, option)).length;
	console.log(`  ${list.where}: ${inList} of ${list.options.length}`);
}
