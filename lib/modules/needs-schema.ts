import { z } from 'zod';

/** `needs: ['pxc-operator']`: targets this one is applied after, in the same cluster. Every mk* function takes it. */
export const needsSchema = z.array(z.string().min(1)).optional();
