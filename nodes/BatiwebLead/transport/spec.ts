import type { IDataObject } from 'n8n-workflow';

/**
 * What an operation declares about its request, as data: the transport and the interpretation
 * of answers read it, and never ask which operation they serve.
 */
export interface RequestSpec {
	/** The endpoint under `<Base URL>/json/lead/` (doc, each "Connectivité" section). */
	endpoint: string;
	/**
	 * Whether the request creates something at Batiweb (a lead): then it is sent again only when
	 * it certainly was not processed, an answer lost on the way is "uncertain", and a duplicate
	 * answered to the node's own retry is "duplicate-after-retry". Reads are retried freely.
	 */
	createsLead: boolean;
	/** Accepts a documented positive answer that carries no `code` (the doc's status answer). */
	acceptWithoutCode?: (body: IDataObject) => boolean;
	/** What a success gives the user, read from the answer's body. */
	successData?: (body: IDataObject) => IDataObject;
}
