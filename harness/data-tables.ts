/**
 * n8n's Data Tables for the engine harness: the real Data Table node (n8n-nodes-base) runs
 * against this in-memory store, which n8n's server backs with its database. It holds what the
 * examples use: create a table, insert, get and update rows with eq/neq filters (and/or).
 */
import type {
	DataTable,
	DataTableColumn,
	DataTableFilter,
	DataTableProxyProvider,
	DataTableRow,
	DataTableRowReturn,
	IDataTableProjectAggregateService,
	IDataTableProjectService,
} from 'n8n-workflow';

interface Table {
	meta: DataTable;
	rows: DataTableRowReturn[];
	nextId: number;
}

const tables = new Map<string, Table>();

/** Forgets every table (between tests). */
export function resetDataTables(): void {
	tables.clear();
}

/** The rows of a table, by name, without the system columns' dates. */
export function dataTableRows(name: string): DataTableRow[] {
	const table = [...tables.values()].find((candidate) => candidate.meta.name === name);
	if (!table) throw new Error(`no data table named "${name}"`);
	return table.rows.map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => name !== 'createdAt' && name !== 'updatedAt')));
}

function matches(row: DataTableRowReturn, filter: DataTableFilter | undefined): boolean {
	if (!filter || filter.filters.length === 0) return true;
	const test = ({ columnName, condition, value }: DataTableFilter['filters'][number]) => {
		const cell = row[columnName] ?? null;
		if (condition === 'eq') return cell === value;
		if (condition === 'neq') return cell !== value;
		throw new Error(`the test data tables do not support the condition "${condition}"`);
	};
	return filter.type === 'or' ? filter.filters.some(test) : filter.filters.every(test);
}

function tableService(table: Table): IDataTableProjectService {
	const typed = (data: DataTableRow): DataTableRow => {
		const out: DataTableRow = {};
		for (const [name, value] of Object.entries(data)) {
			const column = table.meta.columns.find((candidate) => candidate.name === name);
			if (!column) throw new Error(`data table "${table.meta.name}" has no column "${name}"`);
			out[name] = column.type === 'date' && typeof value === 'string' ? new Date(value) : value;
		}
		return out;
	};
	const unsupported = async () => {
		throw new Error('not used by the examples');
	};
	return {
		getColumns: async () => table.meta.columns,
		insertRows: (async (rows: DataTableRow[]) => {
			const now = new Date();
			const added = rows.map((row) => ({ id: table.nextId++, createdAt: now, updatedAt: now, ...typed(row) }) as DataTableRowReturn);
			table.rows.push(...added);
			return added;
		}) as IDataTableProjectService['insertRows'],
		getManyRowsAndCount: async ({ filter, skip = 0, take }) => {
			const found = table.rows.filter((row) => matches(row, filter));
			return { count: found.length, data: found.slice(skip, take ? skip + take : undefined) };
		},
		updateRows: async ({ filter, data }) => {
			const found = table.rows.filter((row) => matches(row, filter));
			for (const row of found) Object.assign(row, typed(data), { updatedAt: new Date() });
			return found;
		},
		upsertRow: unsupported,
		deleteRows: unsupported,
		clearRows: unsupported,
		updateDataTable: unsupported,
		deleteDataTable: unsupported,
		addColumn: unsupported,
		moveColumn: unsupported,
		deleteColumn: unsupported,
	};
}

const aggregate: IDataTableProjectAggregateService = {
	getProjectId: () => 'test-project',
	getManyAndCount: async ({ filter }) => {
		const name = typeof filter?.name === 'string' ? filter.name.toLowerCase() : undefined;
		const data = [...tables.values()].map((table) => table.meta).filter((meta) => name === undefined || meta.name.toLowerCase() === name);
		return { count: data.length, data };
	},
	createDataTable: async ({ name, columns }) => {
		const id = `table-${tables.size + 1}`;
		const now = new Date();
		const meta: DataTable = {
			id,
			name,
			createdAt: now,
			updatedAt: now,
			projectId: 'test-project',
			columns: columns.map((column, index): DataTableColumn => ({ id: `${id}-${index}`, name: column.name, type: column.type, index, dataTableId: id })),
		};
		tables.set(id, { meta, rows: [], nextId: 1 });
		return meta;
	},
	deleteDataTableAll: async () => {
		throw new Error('not used by the examples');
	},
};

export const dataTableProxyProvider: DataTableProxyProvider = {
	getDataTableAggregateProxy: async () => aggregate,
	getDataTableProxy: async (_workflow, _node, dataTableId) => {
		const table = tables.get(dataTableId);
		if (!table) throw new Error(`Data table with id "${dataTableId}" not found`);
		return tableService(table);
	},
};
