/**
 * Writes the consumer form of examples/form-trigger-to-batiweb.json (the n8n Form Trigger's
 * elements) from the node's catalog, so that its drop-downs offer exactly the labels the node
 * accepts. `npm run examples:form` rewrites the file; test/unit/form-fields.test.ts fails when
 * it is out of date. Each element's field name is Batiweb's own (doc, "Import" parameters), so
 * the Form Trigger's output items carry the API names.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { TABLES, type TableName } from '../nodes/BatiwebLead/catalog';

export const FORM_EXAMPLE = join(__dirname, '..', 'examples', 'form-trigger-to-batiweb.json');
export const FORM_TRIGGER_NAME = 'Demande de devis';

const BY_FRENCH_LABEL = new Intl.Collator('fr');

/** The French labels of a table, as a form's options: alphabetical for the long worktype list,
 * the doc's order (Monsieur before Madame, Propriétaire first) for the short ones. */
function choices(table: TableName, sorted: boolean): Array<{ option: string }> {
	const labels = TABLES[table].entries.map((entry) => entry.fr);
	if (sorted) labels.sort((a, b) => BY_FRENCH_LABEL.compare(a, b));
	return labels.map((option) => ({ option }));
}

interface FormElement {
	fieldLabel: string;
	fieldName: string;
	fieldType: string;
	requiredField: boolean;
	placeholder?: string;
	fieldOptions?: { values: Array<{ option: string }> };
}

export function formElements(): FormElement[] {
	const text = (fieldLabel: string, fieldName: string, placeholder: string, fieldType = 'text'): FormElement => ({
		fieldLabel,
		fieldName,
		fieldType,
		requiredField: true,
		placeholder,
	});
	const pick = (fieldLabel: string, fieldName: string, fieldType: string, options: Array<{ option: string }>): FormElement => ({
		fieldLabel,
		fieldName,
		fieldType,
		requiredField: true,
		fieldOptions: { values: options },
	});
	return [
		pick('Civilité', 'civility', 'dropdown', choices('civility', false)),
		text('Prénom', 'firstname', 'Camille'),
		text('Nom', 'lastname', 'Martin'),
		text('E-mail', 'email', 'camille.martin@exemple.fr', 'email'),
		text('Téléphone', 'cellphone', '06 12 34 56 78'),
		text('Code postal', 'zipcode', '75011'),
		text('Ville', 'city', 'Paris'),
		pick('Type de travaux', 'worktype', 'dropdown', choices('worktype', true)),
		pick('Vous êtes', 'isowner', 'radio', choices('isowner', false)),
		// The consumer's own words are the doc's "comment" (commentaire sur les travaux demandés);
		// workdescription, the trade's label, is derived from the worktype (doc, "Connectivité IMPORT", its example).
		text('Description de votre projet', 'comment', 'Surface, délais, contraintes…', 'textarea'),
	];
}

interface Workflow {
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
}

export function withFormElements(workflow: Workflow): Workflow {
	const trigger = workflow.nodes.find((node) => node.name === FORM_TRIGGER_NAME);
	if (!trigger) throw new Error(`${FORM_EXAMPLE} has no node "${FORM_TRIGGER_NAME}"`);
	trigger.parameters.formFields = { values: formElements() };
	return workflow;
}

if (require.main === module) {
	const workflow = withFormElements(JSON.parse(readFileSync(FORM_EXAMPLE, 'utf8')) as Workflow);
	writeFileSync(FORM_EXAMPLE, `${JSON.stringify(workflow, null, 2)}\n`);
	console.log('examples/form-trigger-to-batiweb.json: form elements written from the catalog');
}
