import { optionsCollection } from '../../actions/operations';

/** Version 1's Options, with the defaults it was published with. */
export const optionsParameter = optionsCollection();
