/** 价值象限 channels (framework snapshot with every placed group; migration between two periods). */
export const quadrantChannels = {} as const;
