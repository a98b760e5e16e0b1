package dev.multilane.evm;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.List;

/** One entry of an EIP-2930 access list: an address and storage keys to warm up front. */
public record AccessListEntry(Address address, List<U256> storageKeys) {}
