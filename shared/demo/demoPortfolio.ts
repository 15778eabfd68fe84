/**
 * The demo workspace's portfolio: the generated branch plus its key persons, its satisfaction survey
 * and its 拍照成员 (member snapshot of 12 months before the last month).
 * The demo workspace, the CLI and the tests that compare the app with the
 * engine all take the demo from here, so they compute on the same data.
 */
import type { Portfolio } from '../model/portfolio';
import { demoKeyPersons } from './demoKeyPersons';
import { demoMemberSnapshots } from './demoMemberSnapshots';
import { demoSurvey } from './demoSurvey';
import type { DemoBranch } from './generateDemoBranch';

export function demoPortfolio(branch: DemoBranch): Portfolio {
  return { ...branch.portfolio, keyPersons: demoKeyPersons(branch), memberSnapshots: demoMemberSnapshots(branch), surveyResponses: demoSurvey(branch) };
}
