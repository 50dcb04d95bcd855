export { clientAddress, addressKey, PEER_ADDRESS_HEADER } from "./client-address";
export { BodyTooLarge, readLimitedBody, readLimitedText, bodyTooLargeResponse } from "./body";
