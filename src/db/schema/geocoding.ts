/** The local address index, built from a BAN CSV. */

export interface GeoAddressTable {
  /** The BAN address id (e.g. 59350_1234_00012). */
  id: string;
  number: string;
  street: string;
  street_folded: string;
  postcode: string;
  insee_code: string;
  commune: string;
  commune_folded: string;
  latitude: number;
  longitude: number;
}
